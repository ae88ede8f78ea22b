import v6 from "./express.cjs";

export const { ironSession } = v6;
