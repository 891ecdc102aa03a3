import type { Command } from 'commander';

/** Commands that group others (`lgs report weekly`); a group with an action of its own registers itself. */
const GROUP_DESCRIPTIONS: Record<string, string> = {
  archive: 'the archive of report files',
  db: 'database administration',
  report: 'print reports to PDF now, without the queue',
  schedules: 'the report schedules in config/schedules.yaml',
  users: "users of the managers' page",
  mail: 'the mail transport (SMTP_URL, or the outbox folder without it)',
};

/** The group command `name` under `program`, made on first use. */
export function commandGroup(program: Command, name: string): Command {
  const existing = program.commands.find((command) => command.name() === name);
  if (existing) return existing;
  const description = GROUP_DESCRIPTIONS[name];
  if (description === undefined) throw new Error(`no command group "${name}": register it first or describe it in GROUP_DESCRIPTIONS`);
  return program.command(name).description(description);
}
