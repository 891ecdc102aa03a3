/** The outcome of one SMTP transaction, as it is written to the run log. */
export interface DeliveryOutcome {
  /** `written-to-outbox`: accepted by the outbox folder (no SMTP_URL), which is not sending. */
  status: 'sent' | 'written-to-outbox' | 'failed' | 'uncertain';
  error: string | null;
  smtpReply: string | null;
}

/**
 * Outcomes this process knows but could not write to the run log yet (the database failed right after
 * the SMTP server answered). A later attempt in the same process writes them instead of treating the
 * delivery as interrupted, so a message the server accepted is recorded as sent, never sent again.
 */
export class AcceptedJournal {
  private readonly outcomes = new Map<string, DeliveryOutcome>();

  private static key(runId: number, messageKey: string, recipient: string): string {
    return `${runId}\u0000${messageKey}\u0000${recipient.toLowerCase()}`;
  }

  remember(runId: number, messageKey: string, recipient: string, outcome: DeliveryOutcome): void {
    this.outcomes.set(AcceptedJournal.key(runId, messageKey, recipient), outcome);
  }

  recall(runId: number, messageKey: string, recipient: string): DeliveryOutcome | undefined {
    return this.outcomes.get(AcceptedJournal.key(runId, messageKey, recipient));
  }

  forget(runId: number, messageKey: string, recipient: string): void {
    this.outcomes.delete(AcceptedJournal.key(runId, messageKey, recipient));
  }
}
