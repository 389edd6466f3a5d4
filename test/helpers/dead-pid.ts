import { spawnSync } from 'node:child_process';

/** The pid of a process that has exited: what a killed command leaves in a lock or temp name. */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}
