/**
 * The failed HTTP exchange behind a Rapport error of the REST adapter, kept as that error's
 * `cause` so a developer can see what the server answered. Holds no request body and no
 * credentials: only the method, the path under the base URL, the status and the problem body.
 */
export class HttpResponseError extends Error {
  /** The HTTP status the server answered with. */
  readonly status: number;
  /** The request method, such as `PUT`. */
  readonly method: string;
  /** The request path under the base URL, such as `/v1/contacts/…`. */
  readonly path: string;
  /** The `application/problem+json` body, when the server sent one. */
  readonly problem: Readonly<Record<string, unknown>> | undefined;

  constructor(init: { status: number; method: string; path: string; problem?: Readonly<Record<string, unknown>> | undefined }) {
    super(`HTTP ${init.status} from ${init.method} ${init.path}`);
    this.name = 'HttpResponseError';
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.problem = init.problem;
  }
}
