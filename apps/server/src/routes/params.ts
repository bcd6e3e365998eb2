import { IdSchema } from '@obeya/domain';
import { z } from 'zod';

/** Path parameters of the REST routes, each an id. */
export const BoardParams = z.object({ boardId: IdSchema });
export const CardParams = z.object({ cardId: IdSchema });
export const ColumnParams = z.object({ columnId: IdSchema });
export const LaneParams = z.object({ laneId: IdSchema });
export const GroupParams = z.object({ boardId: IdSchema, groupId: IdSchema });
export const TokenParams = z.object({ tokenId: IdSchema });
