import type { Notifier } from './types.js';
import { webhookNotifier } from './webhook.js';

/** Every notifier serve can deliver through, one line each (slack and email arrive with the dashboard issue). */
export const NOTIFIERS: Readonly<Partial<Record<Notifier['id'], Notifier>>> = {
  webhook: webhookNotifier as Notifier,
};
