import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsUUID, validateSync } from 'class-validator';
import { KeysetPageQueryDto } from './page-query.dto';

class ListThingsQueryDto extends KeysetPageQueryDto {
  @IsOptional()
  @IsUUID('4')
  ownerId?: string;
}

function check(query: Record<string, unknown>): { dto: ListThingsQueryDto; failed: string[] } {
  const dto = plainToInstance(ListThingsQueryDto, query);
  const failed = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }).map((error) => error.property);
  return { dto, failed };
}

describe('KeysetPageQueryDto', () => {
  it('defaults limit to 20 in every list that extends it', () => {
    expect(check({})).toEqual({ dto: expect.objectContaining({ limit: 20 }), failed: [] });
  });

  it('reads limit from the query string as an integer from 1 to 100', () => {
    expect(check({ limit: '100' }).dto.limit).toBe(100);
    for (const limit of ['0', '101', 'abc', '2.5', '']) expect(check({ limit }).failed).toEqual(['limit']);
  });

  it('takes one cursor string and leaves its meaning to decodeCursor', () => {
    expect(check({ cursor: 'abc' }).failed).toEqual([]);
    expect(check({ cursor: ['a', 'b'] }).failed).toEqual(['cursor']);
  });

  it("validates the extending list's own filters beside the page fields", () => {
    expect(check({ ownerId: 'x', limit: '0' }).failed).toEqual(['ownerId', 'limit']);
  });
});
