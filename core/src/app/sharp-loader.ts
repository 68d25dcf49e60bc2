// sharp (libvips) loads with the first picture the server handles, not at start: it holds some
// 15 MB resident (measured: a bare Node process 47 → 62 MB on import) that an idle server need not
// pay for, as the SAML library, the mailer and the LDAP client load with their first use.
import type Sharp from 'sharp';

let loading: Promise<typeof Sharp> | undefined;

/** sharp's factory, imported once. */
export function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then(
    (module) => module.default,
    (err: unknown) => {
      loading = undefined; // the next picture tries again
      throw err;
    },
  );
  return loading;
}
