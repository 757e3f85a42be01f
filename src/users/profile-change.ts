import { RequestValidationException } from '../common/validation';
import type { UpdateProfileDto } from './dto/update-profile.dto';

export interface ProfileChange {
  fields: { name?: string; phone?: string | null };
  password?: { current: string; next: string };
}

/**
 * What a validated PATCH /profile body asks for. Rejects (400) an empty body and a password
 * change that does not carry both the current and the new password.
 */
export function planProfileChange(dto: UpdateProfileDto): ProfileChange {
  const fields: ProfileChange['fields'] = {};
  if (dto.name !== undefined) fields.name = dto.name;
  if (dto.phone !== undefined) fields.phone = dto.phone;

  const hasCurrent = dto.currentPassword !== undefined;
  const hasNew = dto.newPassword !== undefined;
  if (hasCurrent !== hasNew) {
    const field = hasNew ? 'currentPassword' : 'newPassword';
    throw new RequestValidationException([{ field, messages: ['currentPassword and newPassword must be sent together'] }]);
  }
  const password = hasCurrent && hasNew ? { current: dto.currentPassword!, next: dto.newPassword! } : undefined;

  if (Object.keys(fields).length === 0 && !password) {
    throw new RequestValidationException([{ field: 'body', messages: ['send at least one of name, phone, or currentPassword with newPassword'] }]);
  }
  return { fields, password };
}
