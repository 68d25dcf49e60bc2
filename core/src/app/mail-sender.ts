// The port through which services send email (invitations): owned here, implemented over SMTP by
// core/src/mail/smtp-mail.ts with EmailSettings, and replaceable where no mail should leave.

/** One message to one address, with a plain-text and an HTML body. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Delivers a message to the configured mail server; rejects when the server refuses it or cannot be reached. */
export type SendMail = (mail: OutgoingMail) => Promise<void>;
