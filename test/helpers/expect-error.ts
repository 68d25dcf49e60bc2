// Asserts that a Client4 call fails the way Mattermost would: HTTP status and AppError id.
import { expect } from 'chai';

/** Awaits `call`, expects it to reject with a ClientError of `status` and `id`; returns the error. */
export async function expectClientError(call: Promise<unknown>, status: number, id?: string): Promise<{ status_code: number; server_error_id: string; message: string }> {
  let error: unknown;
  try {
    await call;
  } catch (err) {
    error = err;
  }
  expect(error, `expected a ${status} error`).to.be.an('error');
  const clientError = error as { status_code: number; server_error_id: string; message: string };
  expect({ status: clientError.status_code, id: clientError.server_error_id }).to.deep.equal({ status, id: id ?? clientError.server_error_id });
  return clientError;
}
