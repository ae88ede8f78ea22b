"use strict";

// The 6.x functions on the Node entry (the native addon, or its fallback).
const { createV6 } = require("./core.cjs");

module.exports = createV6(require("../../index.cjs"));
