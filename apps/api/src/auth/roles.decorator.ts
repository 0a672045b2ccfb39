import { SetMetadata } from '@nestjs/common';
import { Role } from '../config/app-config';

export const ROLES_KEY = 'crm:roles';
export const PUBLIC_KEY = 'crm:public';

/** Roles allowed besides admin, who may do everything. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No key needed (/health, /metrics). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
