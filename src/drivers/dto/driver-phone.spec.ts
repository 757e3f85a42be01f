import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsDriverPhone } from './driver-phone';

class Contact {
  @IsDriverPhone()
  phone?: string | null;
}

function check(phone: unknown): { phone: unknown; messages: string[] } {
  const contact = plainToInstance(Contact, { phone });
  const messages = validateSync(contact).flatMap((error) => Object.values(error.constraints ?? {}));
  return { phone: contact.phone, messages };
}

describe('IsDriverPhone', () => {
  it('accepts a trimmed phone number, null (clear it) or nothing', () => {
    expect(check('  +1 (555) 010-0199 ')).toEqual({ phone: '+1 (555) 010-0199', messages: [] });
    expect(check(null).messages).toEqual([]);
    expect(check(undefined).messages).toEqual([]);
  });

  it('refuses words, a too-long number and non-strings with the messages in their usual order', () => {
    expect(check('call me').messages).toEqual(['phone must be a phone number (digits, spaces, + ( ) . -)']);
    expect(check('1'.repeat(41)).messages).toEqual([
      'phone must be a phone number (digits, spaces, + ( ) . -)',
      'phone must be shorter than or equal to 40 characters',
    ]);
    expect(check(5550199).messages).toEqual([
      'phone must be a phone number (digits, spaces, + ( ) . -)',
      'phone must be shorter than or equal to 40 characters',
      'phone must be a string',
    ]);
  });
});
