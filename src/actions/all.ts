// Every action module Pasport offers, listed once: what the service can do is read here, in plain code,
// not discovered by walking folders. Each default export is one definition, or a list when one table
// yields several actions (src/content: six per type). test/actions/registry.test.ts fails when an action
// file under src/actions/<area>/ or src/<module>/actions/ is missing from this list.
import type { ActionDef } from './types.ts';
import groupGroupCreate from './group/group-create.ts';
import groupGroupDelete from './group/group-delete.ts';
import groupGroupList from './group/group-list.ts';
import groupGroupPatch from './group/group-patch.ts';
import groupGroupShow from './group/group-show.ts';
import groupGroupUpdate from './group/group-update.ts';
import groupMemberCreate from './group/member-create.ts';
import groupMemberDelete from './group/member-delete.ts';
import groupOrganizationCreate from './group/organization-create.ts';
import groupOrganizationDelete from './group/organization-delete.ts';
import groupOrganizationListForUser from './group/organization-list-for-user.ts';
import groupOrganizationList from './group/organization-list.ts';
import groupOrganizationMemberCreate from './group/organization-member-create.ts';
import groupOrganizationMemberDelete from './group/organization-member-delete.ts';
import groupOrganizationPatch from './group/organization-patch.ts';
import groupOrganizationShow from './group/organization-show.ts';
import groupOrganizationUpdate from './group/organization-update.ts';
import packageActivate from './package/activate.ts';
import packageCreate from './package/create.ts';
import packageDeactivate from './package/deactivate.ts';
import packageDelete from './package/delete.ts';
import packageFixSubmitted from './package/fix-submitted.ts';
import packageList from './package/list.ts';
import packagePatch from './package/patch.ts';
import packageRevise from './package/revise.ts';
import packageShow from './package/show.ts';
import packageStatusList from './package/status-list.ts';
import packageUpdate from './package/update.ts';
import resourceCreate from './resource/create.ts';
import resourceDelete from './resource/delete.ts';
import resourcePatch from './resource/patch.ts';
import resourceShow from './resource/show.ts';
import resourceUpdate from './resource/update.ts';
import siteHelpShow from './site/help-show.ts';
import siteLicenseList from './site/license-list.ts';
import siteSiteRead from './site/site-read.ts';
import siteStatusShow from './site/status-show.ts';
import structureCreate from './structure/create.ts';
import structureDelete from './structure/delete.ts';
import structureList from './structure/list.ts';
import structureShow from './structure/show.ts';
import structureUpdate from './structure/update.ts';
import tagList from './tag/list.ts';
import tagShow from './tag/show.ts';
import userApiTokenCreate from './user/api-token-create.ts';
import userApiTokenList from './user/api-token-list.ts';
import userApiTokenRevoke from './user/api-token-revoke.ts';
import userCreate from './user/create.ts';
import userList from './user/list.ts';
import userShow from './user/show.ts';
import userUpdate from './user/update.ts';
import activityActivityShow from '../activity/actions/activity-show.ts';
import activityOrganizationActivityList from '../activity/actions/organization-activity-list.ts';
import activityPackageActivityList from '../activity/actions/package-activity-list.ts';
import activityRecentlyChangedPackagesActivityList from '../activity/actions/recently-changed-packages-activity-list.ts';
import activityUserActivityList from '../activity/actions/user-activity-list.ts';
import calendarHolidayCreate from '../calendar/actions/holiday-create.ts';
import calendarHolidayDelete from '../calendar/actions/holiday-delete.ts';
import calendarHolidayList from '../calendar/actions/holiday-list.ts';
import commentsCreate from '../comments/actions/create.ts';
import commentsList from '../comments/actions/list.ts';
import commentsModerate from '../comments/actions/moderate.ts';
import commentsShowDelete from '../comments/actions/show-delete.ts';
import contentFaq from '../content/actions/faq.ts';
import contentGlossaryTerm from '../content/actions/glossary-term.ts';
import contentInstruction from '../content/actions/instruction.ts';
import contentLegalAct from '../content/actions/legal-act.ts';
import contentNews from '../content/actions/news.ts';
import contentPage from '../content/actions/page.ts';
import contentShowcasePackages from '../content/actions/showcase-packages.ts';
import contentShowcase from '../content/actions/showcase.ts';
import datastoreCreate from '../datastore/actions/create.ts';
import datastoreDelete from '../datastore/actions/delete.ts';
import datastoreDescriptorShow from '../datastore/actions/descriptor-show.ts';
import datastoreDescriptorUpdate from '../datastore/actions/descriptor-update.ts';
import datastoreDescriptorValidate from '../datastore/actions/descriptor-validate.ts';
import datastoreInfo from '../datastore/actions/info.ts';
import datastoreRecordsDelete from '../datastore/actions/records-delete.ts';
import datastoreSearchSql from '../datastore/actions/search-sql.ts';
import datastoreSearch from '../datastore/actions/search.ts';
import datastoreUpload from '../datastore/actions/upload.ts';
import datastoreUpsert from '../datastore/actions/upsert.ts';
import dcatDcatValidate from '../dcat/actions/dcat-validate.ts';
import deadlinesPackageDataUpdateList from '../deadlines/actions/package-data-update-list.ts';
import deadlinesPackageDataUpdated from '../deadlines/actions/package-data-updated.ts';
import downloadsPurposePurposes from '../downloads-purpose/actions/purposes.ts';
import externalShow from '../external/actions/show.ts';
import externalTest from '../external/actions/test.ts';
import externalUpdate from '../external/actions/update.ts';
import feedbackCreate from '../feedback/actions/create.ts';
import feedbackRead from '../feedback/actions/read.ts';
import feedbackWorkflow from '../feedback/actions/workflow.ts';
import harvestJobCreate from '../harvest/actions/job-create.ts';
import harvestJobList from '../harvest/actions/job-list.ts';
import harvestJobShow from '../harvest/actions/job-show.ts';
import harvestObjectShow from '../harvest/actions/object-show.ts';
import harvestSourceClear from '../harvest/actions/source-clear.ts';
import harvestSourceCreate from '../harvest/actions/source-create.ts';
import harvestSourceDelete from '../harvest/actions/source-delete.ts';
import harvestSourceList from '../harvest/actions/source-list.ts';
import harvestSourceShow from '../harvest/actions/source-show.ts';
import harvestSourceUpdate from '../harvest/actions/source-update.ts';
import monitoringReportList from '../monitoring/actions/report-list.ts';
import monitoringReportShow from '../monitoring/actions/report-show.ts';
import monitoringReport from '../monitoring/actions/report.ts';
import notificationsDeliveryList from '../notifications/actions/delivery-list.ts';
import notificationsList from '../notifications/actions/list.ts';
import notificationsMarkRead from '../notifications/actions/mark-read.ts';
import notificationsPreferencesShow from '../notifications/actions/preferences-show.ts';
import notificationsPreferencesUpdate from '../notifications/actions/preferences-update.ts';
import notificationsShow from '../notifications/actions/show.ts';
import notificationsUnreadCount from '../notifications/actions/unread-count.ts';
import orgimportOrganizationImport from '../orgimport/actions/organization-import.ts';
import qualityQualityList from '../quality/actions/quality-list.ts';
import qualityQualityShow from '../quality/actions/quality-show.ts';
import requestsAnswer from '../requests/actions/answer.ts';
import requestsCounters from '../requests/actions/counters.ts';
import requestsCreate from '../requests/actions/create.ts';
import requestsErase from '../requests/actions/erase.ts';
import requestsList from '../requests/actions/list.ts';
import requestsModerate from '../requests/actions/moderate.ts';
import requestsShow from '../requests/actions/show.ts';
import requestsVote from '../requests/actions/vote.ts';
import searchCurrentPackageListWithResources from '../search/actions/current-package-list-with-resources.ts';
import searchFormatAutocomplete from '../search/actions/format-autocomplete.ts';
import searchOrganizationAutocomplete from '../search/actions/organization-autocomplete.ts';
import searchPackageAutocomplete from '../search/actions/package-autocomplete.ts';
import searchPackageSearch from '../search/actions/package-search.ts';
import searchSearchLogList from '../search/actions/search-log-list.ts';
import searchSearchLogStats from '../search/actions/search-log-stats.ts';
import searchTagAutocomplete from '../search/actions/tag-autocomplete.ts';
import sparqlSparqlLogList from '../sparql/actions/sparql-log-list.ts';
import statisticsShow from '../statistics/actions/show.ts';
import surveysSurveys from '../surveys/actions/surveys.ts';

export const ACTION_MODULES: readonly (ActionDef | readonly ActionDef[])[] = [
  groupGroupCreate,
  groupGroupDelete,
  groupGroupList,
  groupGroupPatch,
  groupGroupShow,
  groupGroupUpdate,
  groupMemberCreate,
  groupMemberDelete,
  groupOrganizationCreate,
  groupOrganizationDelete,
  groupOrganizationListForUser,
  groupOrganizationList,
  groupOrganizationMemberCreate,
  groupOrganizationMemberDelete,
  groupOrganizationPatch,
  groupOrganizationShow,
  groupOrganizationUpdate,
  packageActivate,
  packageCreate,
  packageDeactivate,
  packageDelete,
  packageFixSubmitted,
  packageList,
  packagePatch,
  packageRevise,
  packageShow,
  packageStatusList,
  packageUpdate,
  resourceCreate,
  resourceDelete,
  resourcePatch,
  resourceShow,
  resourceUpdate,
  siteHelpShow,
  siteLicenseList,
  siteSiteRead,
  siteStatusShow,
  structureCreate,
  structureDelete,
  structureList,
  structureShow,
  structureUpdate,
  tagList,
  tagShow,
  userApiTokenCreate,
  userApiTokenList,
  userApiTokenRevoke,
  userCreate,
  userList,
  userShow,
  userUpdate,
  activityActivityShow,
  activityOrganizationActivityList,
  activityPackageActivityList,
  activityRecentlyChangedPackagesActivityList,
  activityUserActivityList,
  calendarHolidayCreate,
  calendarHolidayDelete,
  calendarHolidayList,
  commentsCreate,
  commentsList,
  commentsModerate,
  commentsShowDelete,
  contentFaq,
  contentGlossaryTerm,
  contentInstruction,
  contentLegalAct,
  contentNews,
  contentPage,
  contentShowcasePackages,
  contentShowcase,
  datastoreCreate,
  datastoreDelete,
  datastoreDescriptorShow,
  datastoreDescriptorUpdate,
  datastoreDescriptorValidate,
  datastoreInfo,
  datastoreRecordsDelete,
  datastoreSearchSql,
  datastoreSearch,
  datastoreUpload,
  datastoreUpsert,
  dcatDcatValidate,
  deadlinesPackageDataUpdateList,
  deadlinesPackageDataUpdated,
  downloadsPurposePurposes,
  externalShow,
  externalTest,
  externalUpdate,
  feedbackCreate,
  feedbackRead,
  feedbackWorkflow,
  harvestJobCreate,
  harvestJobList,
  harvestJobShow,
  harvestObjectShow,
  harvestSourceClear,
  harvestSourceCreate,
  harvestSourceDelete,
  harvestSourceList,
  harvestSourceShow,
  harvestSourceUpdate,
  monitoringReportList,
  monitoringReportShow,
  monitoringReport,
  notificationsDeliveryList,
  notificationsList,
  notificationsMarkRead,
  notificationsPreferencesShow,
  notificationsPreferencesUpdate,
  notificationsShow,
  notificationsUnreadCount,
  orgimportOrganizationImport,
  qualityQualityList,
  qualityQualityShow,
  requestsAnswer,
  requestsCounters,
  requestsCreate,
  requestsErase,
  requestsList,
  requestsModerate,
  requestsShow,
  requestsVote,
  searchCurrentPackageListWithResources,
  searchFormatAutocomplete,
  searchOrganizationAutocomplete,
  searchPackageAutocomplete,
  searchPackageSearch,
  searchSearchLogList,
  searchSearchLogStats,
  searchTagAutocomplete,
  sparqlSparqlLogList,
  statisticsShow,
  surveysSurveys,
];
