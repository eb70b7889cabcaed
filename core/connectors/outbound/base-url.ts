// A connector's base URL is the boundary of where its credentials may go: the same origin, and a
// path at or under the base path ("https://api.example/v2" covers /v2 and /v2/..., not /v2-beta).

/** True when `url` is `base` itself or below it: same origin, path equal or under the base path. */
export function isUnderBaseUrl(url: URL, base: URL): boolean {
  if (url.origin !== base.origin) return false;
  const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return url.pathname === base.pathname || url.pathname.startsWith(basePath);
}
