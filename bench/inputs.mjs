// The inputs every benchmark shares, so that their figures describe the same session.

export const PASSWORD = "complex_password_at_least_32_characters_long";
export const SMALL = { user: { id: 1, name: "Alice", admin: true } };

/** The Node case's response: what getIronSession needs of a ServerResponse, over a Map. */
export function fakeRes() {
  const headers = new Map();
  return {
    headersSent: false,
    getHeader: (name) => headers.get(name),
    setHeader: (name, value) => void headers.set(name, value),
  };
}
