"use strict";

const { createIronSession } = require("./lib/api.cjs");
const { loadBackend } = require("./lib/backend.cjs");

module.exports = createIronSession(loadBackend());
