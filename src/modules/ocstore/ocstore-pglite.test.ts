// ocStore 3.0 installer data into embedded PGlite (the default database).
import { importSuite, suiteSkip } from './import-suite.js';

importSuite('3.0', 'pglite', await suiteSkip('pglite'));
