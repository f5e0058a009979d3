export const hello = "static";
