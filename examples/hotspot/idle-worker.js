// A stand-in for `php artisan queue:work --queue=NAME --sleep=3` until crew's job runtime runs
// the real handlers: it wakes every --sleep seconds as an idle queue worker does, reopens its
// log on USR2, and on SIGTERM finishes the current tick and exits 0 (a graceful drain).
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const found = args.find((arg) => arg.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
};
const queue = option('queue', 'default');
const sleepMs = Number(option('sleep', '3')) * 1000;

let polls = 0;
const timer = setInterval(() => {
  polls += 1;
}, sleepMs);

process.on('SIGUSR2', () => process.stdout.write(`reopening logs after ${polls} polls\n`));
process.on('SIGTERM', () => {
  clearInterval(timer);
  process.stdout.write(`stopping: queue ${queue}, ${polls} polls\n`);
  process.exit(0);
});
process.stdout.write(`worker ready: queue ${queue}, pid ${process.pid}\n`);
