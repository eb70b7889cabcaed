/** The address of `path` (starting with `/`) in the web client at PUBLIC_URL, as people open it. */
export const appLink = (publicUrl: string, path: string) => `${publicUrl.replace(/\/+$/, '')}${path}`;
