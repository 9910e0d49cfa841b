import { defineConfig } from 'astro/config';

export default defineConfig({
  site: 'https://edit.{{clientId}}.webordinary.com',
});
