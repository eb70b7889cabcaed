/**
 * Whether an HTTP answer with this status may succeed if the call is made again: a server error,
 * a request timeout (408) or a rate limit (429). Other statuses answer the same to a retry.
 */
export const retryableStatus = (status: number) => status >= 500 || status === 408 || status === 429;
