import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'publishing:public';
/** The route needs no API key (health, tracking pixels and links, unsubscribe pages). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
