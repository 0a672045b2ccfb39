import { PersonalDataVault } from '@crm/personal-data';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor, StreamableFile } from '@nestjs/common';
import { Observable, mergeMap } from 'rxjs';

/**
 * Read models hold personal fields sealed; this opens them in every JSON answer, as plaintext
 * or as "[erased]" once the customer was forgotten. Streamed answers (NDJSON exports) are
 * revealed by their producers.
 */
@Injectable()
export class RevealPersonalDataInterceptor implements NestInterceptor {
  constructor(private readonly vault: PersonalDataVault) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(mergeMap(async (body: unknown) => (body instanceof StreamableFile ? body : this.vault.reveal(body))));
  }
}
