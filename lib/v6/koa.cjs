"use strict";

// iron-session/koa of 6.x: middleware that sets ctx.session.
const { defineSessionProperty } = require("./core.cjs");
const { getIronSession } = require("./node.cjs");

function ironSession(options) {
  return async function ironSessionMiddleware(ctx, next) {
    defineSessionProperty(ctx, await getIronSession(ctx.req, ctx.res, options));
    await next();
  };
}

module.exports = { ironSession };
