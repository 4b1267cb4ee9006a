import { IANAZone } from 'luxon';

/**
 * Wall-clock times in an IANA zone, as "naive" epoch milliseconds: the instant the same calendar
 * date and clock reading would be in UTC. Around a daylight-saving change a wall time can name no
 * instant (the spring gap) or two (the repeated autumn hour).
 */

const zones = new Map<string, IANAZone>();
const WINDOW_MS = 2 * 86_400_000;

function offsetAt(zone: string, instant: number): number {
  let iana = zones.get(zone);
  if (!iana) zones.set(zone, (iana = IANAZone.create(zone)));
  return iana.offset(instant) * 60_000;
}

/**
 * A zone's offsets within two days of an instant, with the one change between them if any.
 * Reading offsets through Intl is slow, so a model is built once and then answers by arithmetic.
 */
export interface OffsetModel {
  readonly from: number;
  readonly to: number;
  readonly before: number;
  readonly after: number;
  /** The instant the clocks change, or null when the offset is constant over the window. */
  readonly change: number | null;
}

/** Models the zone's offsets from two days before `instant` to two days after. */
export function modelOffsetsNear(zone: string, instant: number): OffsetModel {
  const from = instant - WINDOW_MS;
  const to = instant + WINDOW_MS;
  const before = offsetAt(zone, from);
  const after = offsetAt(zone, to);
  if (before === after) return { from, to, before, after, change: null };
  let low = from;
  let high = to;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(zone, middle) === after) high = middle;
    else low = middle;
  }
  return { from, to, before, after, change: high };
}

/** The offset in force at an instant inside the model's window. */
export function offsetIn(model: OffsetModel, instant: number): number {
  return model.change === null || instant < model.change ? model.before : model.after;
}

/** The wall time an instant inside the window shows. */
export function wallTimeIn(model: OffsetModel, instant: number): number {
  return instant + offsetIn(model, instant);
}


/**
 * The instants a wall time names, earliest first: one normally, two in a repeated hour, and none
 * in a spring gap, where `gapEnd` says when the clocks jumped.
 */
export function placeWallTime(model: OffsetModel, wallTime: number): { instants: number[]; gapEnd: number | null } {
  const instants = [...new Set([model.before, model.after])]
    .map((offset) => wallTime - offset)
    .filter((instant) => offsetIn(model, instant) === wallTime - instant)
    .sort((a, b) => a - b);
  return { instants, gapEnd: instants.length === 0 ? model.change : null };
}

