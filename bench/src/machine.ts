import os from 'node:os';

/** What the figures were measured on. */
export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  postgres: string;
  os: string;
}

export function describeMachine(postgres: string): Machine {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    postgres,
    os: `${os.type()} ${os.release()}`,
  };
}
