// A GET of a small text document (an IdP's SAML metadata) under the egress policy: http or https,
// internal addresses only as the administrator allows, a few redirects, a deadline and a size cap.
import { outboundRequest, readBody } from './outbound-http.ts';

export async function fetchText(url: URL, options: { timeoutMs: number; maxBytes: number; errorId: string; allowedInternal: string }): Promise<{ status: number; text: string }> {
  const response = await outboundRequest(
    url,
    { timeoutMs: options.timeoutMs, maxResponseBytes: options.maxBytes, maxRedirects: 3, errorId: () => options.errorId },
    { allowedInternal: options.allowedInternal, allowHttp: true },
  );
  return { status: response.status, text: (await readBody(response)).toString('utf8') };
}
