// The email channel: SMTP through nodemailer, configured by SMTP_URL (smtp://host:port, or
// smtps:// with user:pass@ when needed). Without SMTP_URL there is no email channel and
// pending email deliveries are recorded as disabled.
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { OutgoingNotification } from './message';

export interface EmailSender {
  send(to: string, n: OutgoingNotification): Promise<void>;
  close(): void;
}

export function smtpSender(smtpUrl: string, from = process.env.SMTP_FROM ?? 'gridflow <gridflow@localhost>'): EmailSender {
  const options: SMTPTransport.Options & { url: string } = {
    url: smtpUrl,
    // a dead mail server must not hold the delivery loop for minutes
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
  const transport: Transporter = nodemailer.createTransport(options);
  return {
    async send(to, n) {
      await transport.sendMail({
        from,
        to,
        subject: n.title,
        text: [n.body, n.url ? `\n${n.url}` : ''].join('\n'),
        messageId: `<${n.id}@gridflow>`,
        headers: { 'X-Gridflow-Notification': n.id, 'X-Gridflow-Kind': n.kind },
      });
    },
    close() {
      transport.close();
    },
  };
}
