export * from './stages';
export * from './platform';
