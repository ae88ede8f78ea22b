"use strict";

// `iron-session-native/testing` for require(): helpers to test code that uses sessions.
module.exports = require("./lib/testing.cjs");
