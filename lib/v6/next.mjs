import v6 from "./next.cjs";

export const { withIronSessionApiRoute, withIronSessionSsr } = v6;
