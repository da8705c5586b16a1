import { z } from 'zod';
import { Area, Capability, Level } from './catalogue';
import { PermissionSet } from './effective-permissions';

/** A permission set as it crosses a service boundary (internal routes, events): areas, levels and capabilities of the catalogue. */
export const permissionSetSchema: z.ZodType<PermissionSet, PermissionSet> = z.object({
  levels: z.partialRecord(z.enum(Area), z.enum(Level)),
  capabilities: z.array(z.enum(Capability)),
});
