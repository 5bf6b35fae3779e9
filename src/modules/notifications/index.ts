// Public API of the notifications module: e-mail and SMS to buyers, queued in the caller's
// transaction and delivered after commit.
export { createNotificationsService, type NotificationsService, type NotificationMessage, type NotificationsOptions, type NotificationEntry } from './service.js';
export { smtpMailer, fileMailer, httpSmsProvider, fileSmsProvider, type Mailer, type SmsProvider, type MailMessage } from './ports.js';
export { orderCreatedMessage, statusChangedMessage, passwordResetMessage, rub, type OrderFacts } from './templates.js';
