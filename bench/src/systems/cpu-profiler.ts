/**
 * Preloaded into the Obeya server by `pnpm bench fanout --profile` (NODE_OPTIONS refuses
 * --cpu-prof): starts V8's sampling profiler at once and writes the profile when the process
 * exits, into BENCH_PROFILE_DIR. The in-thread inspector session answers synchronously, which is
 * what lets an 'exit' handler still collect it.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(path.join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
