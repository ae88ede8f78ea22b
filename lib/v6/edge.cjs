"use strict";

// iron-session/edge of 6.x in Node (require): the Node entry, so seals are native.
module.exports = require("./node.cjs");
