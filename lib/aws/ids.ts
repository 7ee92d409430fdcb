/**
 * The shapes of AWS names the dashboard and the emulator both check: one copy, so a route's
 * validation, the launcher's configuration and the emulator's own checks cannot drift apart.
 */

/** An AWS Region name such as us-east-1 or us-gov-west-1. */
export const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** An AWS account id: 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;

/** A DSQL cluster identifier: 26 lowercase letters and digits. */
export const CLUSTER_ID = /^[a-z0-9]{26}$/;

/** A cluster's endpoint host name, `<id>.dsql.<region>.on.aws`: the id and the Region. */
export const DSQL_HOSTNAME = /^([a-z0-9]{26})\.dsql\.([a-z0-9-]+)\.on\.aws$/;

/** A DSQL cluster ARN: the Region, the account and the id. */
export const CLUSTER_ARN = /^arn:aws:dsql:([a-z0-9-]+):(\d{12}):cluster\/([a-z0-9]{26})$/;

/** A tag key or value as AWS allows them (letters, digits, spaces and _ . : / = + - @; up to 256). */
export const TAG_PART = /^[\p{L}\p{N} _.:/=+\-@]{1,256}$/u;

/** An SNS topic name: letters, digits, hyphens and underscores, up to 256. */
export const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
