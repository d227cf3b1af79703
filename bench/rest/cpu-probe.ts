/**
 * Preloaded (`node --import cpu-probe.js server.js`) into a server under test spawned with an IPC
 * channel: answers each 'cpu' message with the process's own process.cpuUsage(), so the bench
 * reads the CPU the server spent (user + system, µs) around a load run. The channel does not keep
 * the process alive.
 */
process.on('message', (message: unknown) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
process.channel?.unref();
