"use strict";

// iron-session/next of 6.x: Pages Router API routes and getServerSideProps.
const { defineSessionProperty } = require("./core.cjs");
const { getIronSession } = require("./node.cjs");

/** Options given as a function are computed for each request. */
const resolveOptions = async (options, req, res) => (typeof options === "function" ? options(req, res) : options);

function withIronSessionApiRoute(handler, options) {
  return async function apiRouteWithIronSession(req, res) {
    const session = await getIronSession(req, res, await resolveOptions(options, req, res));
    defineSessionProperty(req, session);
    return handler(req, res);
  };
}

function withIronSessionSsr(handler, options) {
  return async function getServerSidePropsWithIronSession(context) {
    const { req, res } = context;
    const session = await getIronSession(req, res, await resolveOptions(options, req, res));
    defineSessionProperty(req, session);
    return handler(context);
  };
}

module.exports = { withIronSessionApiRoute, withIronSessionSsr };
