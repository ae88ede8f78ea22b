import v6 from "./koa.cjs";

export const { ironSession } = v6;
