import { z } from 'zod';

/**
 * The parts of a Linear webhook commitline reads. Unknown fields are allowed and dropped (Linear adds
 * fields often); what is here must have the right shape, or the delivery is refused with 400.
 */
export const webhookEnvelope = z.object({
  action: z.string().min(1),
  type: z.string().min(1),
  organizationId: z.string().min(1),
  webhookTimestamp: z.number(),
  data: z.unknown(),
  updatedFrom: z.unknown().optional(),
});

const nullableString = z.string().nullish();

export const issueData = z.object({
  id: z.string().min(1),
  labelIds: z.array(z.string()),
  labels: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  assigneeId: nullableString,
  completedAt: nullableString,
  stateId: z.string().optional(),
  state: z.object({ type: z.string() }).optional(),
});

/** Previous values of the fields that changed (`updatedFrom`). */
export const issueUpdatedFrom = z.object({
  labelIds: z.array(z.string()).optional(),
  assigneeId: nullableString,
  completedAt: nullableString,
  stateId: z.string().nullish(),
  title: z.string().nullish(),
});

export type IssueData = z.infer<typeof issueData>;
export type IssueUpdatedFrom = z.infer<typeof issueUpdatedFrom>;

export interface IssueEvent {
  action: 'create' | 'update' | 'remove';
  organizationId: string;
  issue: IssueData;
  updatedFrom?: IssueUpdatedFrom;
}

export type ParsedDelivery =
  | { kind: 'issue'; event: IssueEvent }
  | { kind: 'other'; type: string; action: string }
  | { kind: 'invalid'; field: string; message: string };

function firstProblem(error: z.ZodError, prefix: string): { field: string; message: string } {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? [])].filter((p) => p !== '').join('.');
  return { field: path || '(body)', message: issue?.message ?? 'invalid' };
}

/** Narrows a verified JSON body to an Issue event, another entity's event, or a named problem. */
export function parseDelivery(body: unknown): ParsedDelivery {
  const envelope = webhookEnvelope.safeParse(body);
  if (!envelope.success) return { kind: 'invalid', ...firstProblem(envelope.error, '') };
  const { type, action } = envelope.data;
  if (type !== 'Issue') return { kind: 'other', type, action };
  if (action !== 'create' && action !== 'update' && action !== 'remove')
    return { kind: 'other', type, action };
  const data = issueData.safeParse(envelope.data.data);
  if (!data.success) return { kind: 'invalid', ...firstProblem(data.error, 'data') };
  let updatedFrom: IssueUpdatedFrom | undefined;
  if (envelope.data.updatedFrom !== undefined) {
    const from = issueUpdatedFrom.safeParse(envelope.data.updatedFrom);
    if (!from.success) return { kind: 'invalid', ...firstProblem(from.error, 'updatedFrom') };
    updatedFrom = from.data;
  }
  return {
    kind: 'issue',
    event: {
      action,
      organizationId: envelope.data.organizationId,
      issue: data.data,
      ...(updatedFrom ? { updatedFrom } : {}),
    },
  };
}
