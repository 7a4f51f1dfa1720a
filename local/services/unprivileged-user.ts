import { runCommand } from '../../common/process/run-command.js';
import { ServiceInstallError } from './service-errors.js';

export interface UserIds {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * Returns (creating it when missing) a system user without a login shell or home, for services that
 * refuse to run as root. Only root can call this usefully.
 */
export async function ensureSystemUser(service: string, name: string): Promise<UserIds> {
  let ids = await lookupUser(name);
  if (ids === undefined) {
    const created = await runCommand('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
    if (created.exitCode !== 0) {
      throw new ServiceInstallError(service, `could not create the unprivileged user '${name}': ${created.output.trim()}`);
    }
    ids = await lookupUser(name);
  }
  if (ids === undefined) throw new ServiceInstallError(service, `user '${name}' was created but cannot be found`);
  return ids;
}

async function lookupUser(name: string): Promise<UserIds | undefined> {
  const uid = await runCommand('id', ['-u', name]);
  const gid = await runCommand('id', ['-g', name]);
  if (uid.exitCode !== 0 || gid.exitCode !== 0) return undefined;
  return { name, uid: Number(uid.output.trim()), gid: Number(gid.output.trim()) };
}
