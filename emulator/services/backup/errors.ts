import { AwsError } from "../../protocols/errors";

// AWS Backup's client errors are all HTTP 400; the SDK picks the class from x-amzn-errortype.
export const invalidParam = (message: string) => new AwsError("InvalidParameterValueException", message, 400, { Type: "User" });
export const missingParam = (name: string) => new AwsError("MissingParameterValueException", `${name} is required`, 400, { Type: "User" });
export const invalidRequest = (message: string) => new AwsError("InvalidRequestException", message, 400, { Type: "User" });
export const notFound = (message: string) => new AwsError("ResourceNotFoundException", message, 400, { Type: "User" });
