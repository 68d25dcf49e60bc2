// Sends the server's email through the SMTP server EmailSettings names (Mattermost's settings:
// SMTPServer, SMTPPort, ConnectionSecurity, EnableSMTPAuth, FeedbackName/FeedbackEmail as the
// sender). Settings are read at each message, so a change in the System Console applies at once.
import type { ConfigService } from '../config/config-service.ts';
import type { OutgoingMail, SendMail } from '../app/mail-sender.ts';

/** A mail server that does not answer is given up on after this long. */
const SMTP_TIMEOUT_MS = 10_000;

export function smtpMail(config: ConfigService): SendMail {
  return async (mail: OutgoingMail) => {
    const settings = config.get().EmailSettings;
    // Loaded with the first message (some 14 MB resident): a server that sends no mail never holds it.
    const { createTransport } = await import('nodemailer');
    const transport = createTransport({
      host: settings.SMTPServer,
      port: Number(settings.SMTPPort),
      secure: settings.ConnectionSecurity === 'TLS',
      requireTLS: settings.ConnectionSecurity === 'STARTTLS',
      ignoreTLS: settings.ConnectionSecurity === '',
      auth: settings.EnableSMTPAuth ? { user: settings.SMTPUsername, pass: settings.SMTPPassword } : undefined,
      tls: { rejectUnauthorized: !settings.SkipServerCertificateVerification },
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    try {
      const from = settings.FeedbackEmail ? { name: settings.FeedbackName || config.get().TeamSettings.SiteName, address: settings.FeedbackEmail } : undefined;
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    } finally {
      transport.close();
    }
  };
}
