const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const kills = new Set<() => void>();

function killAll(): void {
  for (const kill of kills) kill();
}

/**
 * A signal with no other listener would end Node without an 'exit' event, so then we kill
 * the children and re-raise. When someone else listens (Nest shutdown hooks) they own the
 * shutdown, and the services must stay up until the app has closed its connections: the
 * app calls stop(), and 'exit' covers the rest.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killAll();
  setProcessHooks(false);
  process.kill(process.pid, signal);
}

function setProcessHooks(on: boolean): void {
  const method = on ? 'on' : 'off';
  process[method]('exit', killAll);
  for (const signal of SIGNALS) process[method](signal, onSignal);
}

/**
 * Makes sure a service process we started does not outlive the hub. `kill` must act
 * synchronously (it may run in 'exit'). Returns the function that releases the tie.
 */
export function tieToProcess(kill: () => void): () => void {
  if (kills.size === 0) setProcessHooks(true);
  kills.add(kill);
  return () => {
    if (kills.delete(kill) && kills.size === 0) setProcessHooks(false);
  };
}
