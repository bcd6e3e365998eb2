import { formatInstant, parseInstant } from '@obeya/metrics';
import type { Command } from './commands.ts';
import { decide } from './decide.ts';
import type { Decision, DecisionContext } from './decision.ts';
import { Dice } from './dice.ts';
import { ErrorCode } from './errors.ts';
import type { BoardEvent } from './events.ts';
import { evolveAll } from './evolve.ts';
import { startedColumnIds } from './limits.ts';
import type { Actor, BoardState, Card, Column, Waste } from './model.ts';
import { cardsInColumn, orderedColumns } from './order.ts';
import { fromWorking, toWorking, WORKDAY } from './working-time.ts';

/*
 * A team's work played hour by hour through the referee, so that a fresh install (or a benchmark)
 * has a plausible history: every stored event is a real decision of `decide()` at a past instant,
 * so no WIP rule is ever bypassed and the metrics read it like any other board's log.
 */

/** The events one command produced, with when and by whom: what the server stores together. */
export interface HistoryBatch {
  at: string;
  actor: Actor;
  events: BoardEvent[];
}

export interface SimulationOptions {
  /** Calendar days of history before `end`; weekends are quiet, so about 5 in 7 are worked. */
  days: number;
  /** When the history ends (ISO-8601): the server's now, for a board that looks live. */
  end: string;
  /** Uniform numbers in [0, 1) from a seeded source, so a seed always plays the same history. */
  random: () => number;
  newId: () => string;
  /** The team: who adds, moves, blocks and is assigned to cards. */
  people: readonly Actor[];
  /**
   * How many times faster than a small team the board flows (default 1): work and waits shrink and
   * arrivals grow by this factor, so a year at pace 14 finishes some 5 000 cards.
   */
  pace?: number;
  /** New cards per working day (default: 1.5 times the pace, about what the team finishes). */
  arrivalsPerDay?: number;
}

export interface SimulatedHistory {
  /** When the history begins: the board should be created then. */
  start: string;
  batches: HistoryBatch[];
  /** The board as the history leaves it at `end`. */
  board: BoardState;
}

const HOUR = 3_600_000;
/** One step of the simulation is one working hour at pace 1. */
const STEPS_PER_DAY = WORKDAY / HOUR;

/** The shape of the flow at pace 1, in working hours. */
const FLOW = {
  arrivalsPerDay: 1.5,
  /** Mean time a card needs in an active column. */
  workHours: 10,
  /** Mean time a card waits in a later queue column (e.g. for a reviewer) before it may move on. */
  waitHours: 6,
  /** Spread of work and wait times (sigma of a log-normal): a few cards take far longer. */
  spread: 0.8,
  /** Chance per hour that a card in progress gets blocked. */
  blockChance: 0.03,
  /** Chance per hour that someone pushes a waiting card over a full soft limit, with a reason. */
  pushChance: 0.01,
  /** Chance that whoever pulls a card into an active column assigns themselves. */
  assignChance: 0.4,
  /** The backlog is groomed to hold at least `min` ideas, and no more than `max` (the oldest go). */
  backlog: { min: 3, max: 12 },
  /** Finished cards stay in the delivery column this many working days before being archived. */
  doneDays: { min: 2, max: 6 },
} as const;

/** Blockers with how often they occur and how long they last: a few dominate, as on real boards. */
const BLOCKERS: ReadonlyArray<{ reason: string; waste: Waste; weight: number; hours: number }> = [
  { reason: 'Waiting for review from another team', waste: 'transportation', weight: 26, hours: 10 },
  { reason: 'Test environment down', waste: 'waiting', weight: 20, hours: 5 },
  { reason: 'Unclear acceptance criteria', waste: 'extra-processing', weight: 15, hours: 8 },
  { reason: 'Waiting for customer answer', waste: 'waiting', weight: 12, hours: 16 },
  { reason: 'Dependency on platform team', waste: 'waiting', weight: 10, hours: 20 },
  { reason: 'Bug found in a related feature', waste: 'defects', weight: 7, hours: 6 },
  { reason: 'Pulled onto an urgent incident', waste: 'motion', weight: 4, hours: 4 },
  { reason: 'Only one person knows this code', waste: 'non-utilized-talent', weight: 3, hours: 12 },
  { reason: 'Parked until the release branch opens', waste: 'inventory', weight: 2, hours: 24 },
  { reason: 'Scope grew beyond the request', waste: 'overproduction', weight: 1, hours: 6 },
];

/** Why someone takes a card over a soft limit. */
const PUSH_REASONS = [
  'Needed for Friday’s release',
  'Customer escalation',
  'Small fix, reviewed in pairs',
  'Reviewer back tomorrow; keeps Doing free',
];

const VERBS = ['Add', 'Fix', 'Improve', 'Speed up', 'Redesign', 'Test', 'Document', 'Simplify', 'Clean up'];
const THINGS = [
  'invoice export',
  'card search',
  'sign-in page',
  'wall screen',
  'weekly e-mail',
  'board settings',
  'CSV import',
  'mobile layout',
  'billing page',
  'audit log',
  'user invitations',
  'password reset',
  'notifications',
  'reporting API',
  'onboarding tour',
  'date picker',
  'file uploads',
  'team settings',
  'access tokens',
  'backup job',
];

/** What the simulation knows of a card beyond the board: when it may move on, when it is unblocked. */
interface CardClock {
  /** Step from which the card may leave its column: to the next one, or off the board once finished. */
  nextAt: number;
  /** Step at which its blocker is lifted; null while unblocked. */
  unblockAt: number | null;
}

class Simulation {
  board: BoardState;
  readonly batches: HistoryBatch[] = [];
  private readonly dice: Dice;
  private readonly clocks = new Map<string, CardClock>();
  private readonly columns: Column[];
  private readonly columnIndex: Map<string, number>;
  private readonly started: Set<string>;
  /** Index of the commitment point and of the delivery point in `columns`. */
  private readonly start: number;
  private readonly finish: number;
  private readonly members: ReadonlyMap<string, string>;
  /** Titles not used yet, so two cards on the board rarely share one. */
  private titles: string[] = [];
  /** Changes to the board so far, and each waiting card's last refusal with the change it was given at. */
  private version = 0;
  private readonly refused = new Map<string, { version: number; code: ErrorCode }>();
  private step = 0;
  /** Working time of the next action, and the end of the current step. */
  private cursor = 0;
  private stepEnd = 0;

  constructor(
    board: BoardState,
    private readonly options: SimulationOptions,
    private readonly timing: { begin: number; stepMs: number; arrivalsPerStep: number },
  ) {
    if (options.people.length === 0) throw new RangeError('a simulated team needs at least one person');
    this.board = board;
    this.dice = new Dice(options.random);
    this.columns = orderedColumns(board);
    this.columnIndex = new Map(this.columns.map((c, i) => [c.id, i]));
    this.started = startedColumnIds(board);
    // The started columns run from the commitment point up to the delivery point.
    this.start = this.columns.findIndex((c) => this.started.has(c.id));
    if (this.start === -1) throw new RangeError('the board needs started columns to simulate flow');
    this.finish = this.start + this.started.size;
    this.members = new Map(options.people.map((p) => [p.id, p.name]));
    for (const card of board.cards) this.clocks.set(card.id, { nextAt: 0, unblockAt: null });
  }

  run(steps: number): void {
    for (this.step = 0; this.step < steps; this.step++) {
      this.cursor = this.timing.begin + this.step * this.timing.stepMs;
      this.stepEnd = this.cursor + this.timing.stepMs;
      this.unblock();
      if (this.step % STEPS_PER_DAY === 0) this.replenish();
      this.archiveFinished();
      this.pull();
      this.blockSome();
      this.arrive();
    }
  }

  /** Runs one command through the referee at the next instant of this step and keeps what it did. */
  private act(command: Command, actor: Actor): Decision {
    // Each action takes a bite of what is left of the step, so instants rise and stay inside it.
    this.cursor += (this.options.random() * (this.stepEnd - this.cursor)) / 4;
    const at = formatInstant(Math.floor(fromWorking(this.cursor)));
    const ctx: DecisionContext = { now: at, newId: this.options.newId, actor, members: this.members };
    const decision = decide(this.board, command, ctx);
    if (decision.ok && decision.events.length > 0) {
      this.board = evolveAll(this.board, decision.events);
      this.version += 1;
      this.batches.push({ at, actor, events: decision.events });
    }
    return decision;
  }

  private someone(): Actor {
    return this.dice.pick(this.options.people);
  }

  /** Whoever works on the card moves it; anyone on the team moves unassigned work. */
  private actorFor(card: Card): Actor {
    return this.options.people.find((p) => p.id === card.assignees[0]) ?? this.someone();
  }

  private column(index: number): Column | undefined {
    return this.columns[index];
  }

  /** Where new ideas arrive: the column just before the commitment point (the backlog). */
  private backlog(): Column | undefined {
    return this.column(Math.max(this.start - 1, 0));
  }

  private arrive(): void {
    const backlog = this.backlog();
    if (!backlog) return;
    for (let n = this.dice.poisson(this.timing.arrivalsPerStep); n > 0; n--) this.create(backlog);
  }

  private create(column: Column): void {
    const decision = this.act({ type: 'card:create', title: this.nextTitle(), columnId: column.id }, this.someone());
    if (decision.ok && decision.createdId) this.clocks.set(decision.createdId, { nextAt: this.step, unblockAt: null });
  }

  private nextTitle(): string {
    if (this.titles.length === 0)
      this.titles = this.dice.shuffled(VERBS.flatMap((v) => THINGS.map((t) => `${v} ${t}`)));
    return this.titles.pop() ?? 'New work';
  }

  /**
   * The daily replenishment: the team drops the stalest ideas beyond the backlog's size, adds a few
   * when it runs low (so the board never starves for long), and commits to work from the top of
   * the backlog while the commitment point has room.
   */
  private replenish(): void {
    const backlog = this.backlog();
    if (!backlog) return;
    const ideas = cardsInColumn(this.board, backlog.id);
    const stale = [...ideas].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
    for (const card of stale.slice(0, Math.max(0, ideas.length - FLOW.backlog.max))) this.archive(card);
    for (let n = ideas.length; n < FLOW.backlog.min; n++) this.create(backlog);
    if (this.start === 0) return;
    for (;;) {
      const top = cardsInColumn(this.board, backlog.id).slice(0, 3);
      if (top.length === 0 || !this.moveOn(this.dice.pick(top))) return;
    }
  }

  /** Walks the board from right to left, moving on every card that is done where it is. */
  private pull(): void {
    for (let i = this.finish - 1; i >= this.start; i--) {
      const column = this.column(i);
      if (!column) continue;
      for (const card of cardsInColumn(this.board, column.id)) {
        const clock = this.clocks.get(card.id);
        // A refusal (a full column) just means the card waits for the next step.
        if (clock && !card.blocked && clock.nextAt <= this.step) this.moveOn(card);
      }
    }
  }

  /** Moves a card to the next column; over a full soft limit only now and then, with a reason. */
  private moveOn(card: Card): boolean {
    const index = this.columnIndex.get(card.columnId) ?? -1;
    const to = this.column(index + 1);
    if (!to) return false;
    const actor = this.actorFor(card);
    const move = { type: 'card:move', cardId: card.id, toColumnId: to.id } as const;
    // The referee is pure: a refusal stands until the board changes, so it need not be asked again.
    const known = this.refused.get(card.id);
    let refusal = known?.version === this.version ? known.code : this.attempt(move, actor);
    if (refusal === ErrorCode.wipReasonRequired && this.dice.chance(FLOW.pushChance)) {
      refusal = this.attempt({ ...move, reason: this.dice.pick(PUSH_REASONS) }, actor);
    }
    if (refusal !== null) {
      this.refused.set(card.id, { version: this.version, code: refusal });
      return false;
    }
    this.refused.delete(card.id);
    this.entered(card, index + 1, actor);
    return true;
  }

  /** Runs a command; null when admitted, else the refusal's code. */
  private attempt(command: Command, actor: Actor): ErrorCode | null {
    const decision = this.act(command, actor);
    return decision.ok ? null : decision.rejection.code;
  }

  /** Starts the card's clock in its new column, and sometimes the mover takes the card on. */
  private entered(card: Card, index: number, actor: Actor): void {
    const clock = this.clocks.get(card.id);
    const column = this.column(index);
    if (!clock || !column) return;
    clock.nextAt = this.step + this.stepsIn(column, index);
    if (column.kind === 'active' && card.assignees.length === 0 && this.dice.chance(FLOW.assignChance)) {
      this.act({ type: 'card:assign', cardId: card.id, assignees: [actor.id] }, actor);
    }
  }

  /** How long a card stays in a column before it may move on (or be archived, once finished). */
  private stepsIn(column: Column, index: number): number {
    if (index >= this.finish) return STEPS_PER_DAY * this.dice.between(FLOW.doneDays.min, FLOW.doneDays.max);
    // Work committed to is pulled as soon as there is room for it.
    if (index === this.start && column.kind === 'queue') return 0;
    return this.dice.logNormal(column.kind === 'active' ? FLOW.workHours : FLOW.waitHours, FLOW.spread);
  }

  private archiveFinished(): void {
    for (const card of this.board.cards) {
      const index = this.columnIndex.get(card.columnId) ?? -1;
      const clock = this.clocks.get(card.id);
      if (index >= this.finish && clock && clock.nextAt <= this.step) this.archive(card);
    }
  }

  private archive(card: Card): void {
    if (!this.act({ type: 'card:archive', cardId: card.id }, this.someone()).ok) return;
    this.clocks.delete(card.id);
    this.refused.delete(card.id);
  }

  /** Now and then work in progress gets stuck; its clock stops until it is unblocked. */
  private blockSome(): void {
    for (const card of this.board.cards) {
      const clock = this.clocks.get(card.id);
      if (!clock || card.blocked || clock.nextAt <= this.step || !this.started.has(card.columnId)) continue;
      if (!this.dice.chance(FLOW.blockChance)) continue;
      const { reason, waste, hours } = this.dice.weighted(BLOCKERS);
      if (!this.act({ type: 'card:block', cardId: card.id, reason, waste }, this.actorFor(card)).ok) continue;
      const steps = this.dice.logNormal(hours, FLOW.spread);
      clock.unblockAt = this.step + steps;
      clock.nextAt += steps;
    }
  }

  private unblock(): void {
    for (const [cardId, clock] of this.clocks) {
      if (clock.unblockAt === null || clock.unblockAt > this.step) continue;
      clock.unblockAt = null;
      const card = this.board.cards.find((c) => c.id === cardId);
      if (card) this.act({ type: 'card:unblock', cardId }, this.actorFor(card));
    }
  }
}

/**
 * Plays a team's work on `board` over the days before `options.end`: cards arrive in the backlog,
 * are pulled when there is room, worked, blocked and unblocked, pushed over soft limits now and
 * then with a reason, finished and archived. Pure and deterministic for a given random source.
 */
export function simulateHistory(board: BoardState, options: SimulationOptions): SimulatedHistory {
  const pace = options.pace ?? 1;
  if (!(pace > 0) || !(options.days >= 0)) throw new RangeError('days and pace must be positive');
  const end = parseInstant(options.end);
  if (end === null) throw new RangeError(`not an instant: ${options.end}`);
  // Whole working days, counted the same whatever weekday `end` falls on, so a seed always plays
  // the same flow and leaves the same board.
  const steps = Math.round(Math.round((options.days * 5) / 7) * STEPS_PER_DAY * pace);
  const stepMs = HOUR / pace;
  const begin = toWorking(end) - steps * stepMs;
  const arrivalsPerStep = (options.arrivalsPerDay ?? FLOW.arrivalsPerDay * pace) / (STEPS_PER_DAY * pace);
  const simulation = new Simulation(board, options, { begin, stepMs, arrivalsPerStep });
  simulation.run(steps);
  return {
    start: formatInstant(Math.floor(fromWorking(begin))),
    batches: simulation.batches,
    board: simulation.board,
  };
}
