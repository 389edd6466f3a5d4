/**
 * True when a process with this pid exists on this machine (signal 0 checks without sending
 * anything). A pid may be reused by an unrelated process: then this says alive, which errs on the
 * safe side for locks and temp files.
 *
 * @param pid Process id.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
