"use strict";

// iron-session/express of 6.x: middleware that sets req.session.
const { defineSessionProperty } = require("./core.cjs");
const { getIronSession } = require("./node.cjs");

function ironSession(options) {
  return async function ironSessionMiddleware(req, res, next) {
    defineSessionProperty(req, await getIronSession(req, res, options));
    next();
  };
}

module.exports = { ironSession };
