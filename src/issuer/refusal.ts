/** Why a request gets no certificate: the HTTP status, a stable code, and what to fix. */
export interface Refusal {
  readonly status: 400 | 401 | 403 | 404 | 405 | 413 | 415 | 500 | 502;
  readonly error: string;
  readonly message: string;
}

export class RefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
    this.name = "RefusedError";
  }
}

export function refuse(status: Refusal["status"], error: string, message: string): never {
  throw new RefusedError({ status, error, message });
}
