// The store's view of whether the database can be reached: which errors mean it cannot, and how the
// monitor confirms, reports and clears an outage.
import { expect } from 'chai';
import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { DatabaseMonitor } from '../../core/src/store/database-monitor.ts';
import { DatabaseUnavailable, isConnectionFailure } from '../../core/src/store/store-errors.ts';
import { Logger } from '../../core/src/logger.ts';

function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

/** A monitor whose probe answers as `answers` says, and whose log lines are kept. */
function monitorWith(answers: { up: boolean }) {
  const lines: Array<{ level: string; msg: string }> = [];
  let probes = 0;
  const monitor = new DatabaseMonitor({
    probe: async () => {
      probes++;
      if (!answers.up) throw pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    },
    logger: new Logger({ sink: { write: (line) => lines.push(JSON.parse(line)) }, level: 'debug' }),
    initialDelayMs: 1,
    maxDelayMs: 4,
  });
  return { monitor, lines, probes: () => probes };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).to.equal(true);
}

describe('database reachability', () => {
  it('tells connection failures from errors the database answered with', async () => {
    const failures = [
      pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      pgError('Connection terminated unexpectedly'),
      pgError('terminating connection due to administrator command', '57P01'),
      pgError('the database system is starting up', '57P03'),
      pgError('Client has encountered a connection error and is not queryable'),
      new DriverException(pgError('read ECONNRESET', 'ECONNRESET')),
      new AggregateError([pgError('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'connect failed'),
    ];
    const answers = [
      pgError('duplicate key value violates unique constraint "users_username_unique"', '23505'),
      new UniqueConstraintViolationException(pgError('duplicate key', '23505')),
      pgError('canceling statement due to statement timeout', '57014'),
      pgError('syntax error at or near "selec"', '42601'),
      pgError('password authentication failed for user "parley"', '28P01'),
    ];
    expect(failures.map(isConnectionFailure)).to.deep.equal(failures.map(() => true));
    expect(answers.map(isConnectionFailure)).to.deep.equal(answers.map(() => false));
  });

  it('turns a connection failure into DatabaseUnavailable and passes any other error through', async () => {
    const { monitor } = monitorWith({ up: true });
    const refused = pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    const translated = monitor.observe(refused);
    expect(translated).to.be.instanceOf(DatabaseUnavailable);
    expect((translated as Error).cause).to.equal(refused);
    const duplicate = pgError('duplicate key', '23505');
    expect(monitor.observe(duplicate)).to.equal(duplicate);
    await monitor.check();
    expect(monitor.reachable).to.equal(true);
  });

  it('stays reachable without a word when a probe answers after one dropped connection', async () => {
    const { monitor, lines, probes } = monitorWith({ up: true });
    monitor.observe(pgError('Connection terminated unexpectedly'));
    await until(() => probes() === 1);
    await monitor.check();
    expect(monitor.reachable).to.equal(true);
    expect(monitor.refusal()).to.equal(undefined);
    expect(lines).to.deep.equal([]);
  });

  it('logs one line when the database is lost and one when it is back, refusing connections in between', async () => {
    const answers = { up: false };
    const { monitor, lines, probes } = monitorWith(answers);
    for (let i = 0; i < 20; i++) monitor.observe(pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'));
    await until(() => !monitor.reachable);
    expect(monitor.refusal()).to.be.instanceOf(DatabaseUnavailable);
    // It keeps probing with backoff while the database is down.
    const before = probes();
    await until(() => probes() >= before + 3);
    answers.up = true;
    await until(() => monitor.reachable);
    expect(monitor.refusal()).to.equal(undefined);
    monitor.close();
    expect(lines.map(({ level, msg }) => `${level}: ${msg}`)).to.deep.equal([
      'error: the database is unreachable: requests that need it answer 503 until it is back',
      'info: the database is reachable again',
    ]);
  });

  it('is unreachable at once when told the database died, until a probe answers', async () => {
    const answers = { up: false };
    const { monitor } = monitorWith(answers);
    monitor.lost('embedded PostgreSQL died (SIGKILL)');
    expect(monitor.reachable).to.equal(false);
    answers.up = true;
    await monitor.check();
    expect(monitor.reachable).to.equal(true);
    monitor.close();
  });
});
