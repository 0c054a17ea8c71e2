import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { RequestValidationError } from '../common/errors/domain-errors';

/**
 * Refuses a path parameter that is not a UUID with a 422 naming the parameter, before it reaches
 * PostgreSQL (which would answer with a 500-worthy cast error). Used by templates and publications.
 */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isUUID(value, 'loose')) {
      throw new RequestValidationError([
        { field: metadata.data ?? 'id', message: 'must be a UUID' },
      ]);
    }
    return value.toLowerCase();
  }
}
