// ocStore 2.3 installer data (oc_url_alias, no blog) into server PostgreSQL.
import { importSuite, suiteSkip } from './import-suite.js';

importSuite('2.3', 'postgres', await suiteSkip('postgres'));
