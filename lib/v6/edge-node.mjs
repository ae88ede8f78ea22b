// iron-session/edge of 6.x in Node (import): the same instance as the require form.
import v6 from "./node.cjs";

export const { getIronSession, sealData, unsealData } = v6;
